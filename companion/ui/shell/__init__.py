"""The whole app's frame: start-up, the main window, tray, one-instance link and app-wide dialogs."""

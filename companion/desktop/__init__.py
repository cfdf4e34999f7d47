"""Platform back-ends: the desktop's notification service and its scheduler.

Why a room of its own: these talk to the operating system (a D-Bus socket,
systemd, launchd, the Task Scheduler), not to the app's data, and both the
window and the headless ``companion reminders --notify`` use them. Nothing
here imports Qt widgets or the store.
"""

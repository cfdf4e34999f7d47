"""Reminders while the app runs and when it is closed: banner, notifications, the closed-app offer."""

"""Receipts in and out of the app: CSV import and export, zip archives."""

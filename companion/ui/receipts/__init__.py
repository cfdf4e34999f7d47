"""The Receipts section: the log, its form, files, filters, charts, import and exports."""

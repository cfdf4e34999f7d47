"""Qt itself made safe and local: locale, translations, keys, icons, theme and interpreter guards."""

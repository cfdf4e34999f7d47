"""The offline guide: content catalogue, operator data, rendering input, search."""

"""Small widgets shared by several sections: date fields, field errors, empty states."""

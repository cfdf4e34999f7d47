"""Work that runs off the GUI thread so the window never freezes."""

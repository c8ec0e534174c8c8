"""The archipelago: islands without road access, reached by boat (a second travel mode)."""

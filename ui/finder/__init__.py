"""The finder screen: search-as-you-type over the active services in the centre of the window."""

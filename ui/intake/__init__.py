"""The intake screen: the form on the left where the desk records one visit."""

"""The catalogue admin window and its pages."""

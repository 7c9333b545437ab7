"""Hand-made gold annotations (blind, from the page) and the reading aid used to make them."""

"""The sourcing score: the raters' gold, the components' fit and its site-grouped evaluation."""

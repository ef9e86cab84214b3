"""Answer sheets a scanner can mark: the layout (shared by printing and reading), the
answers file that `factdeck mark` grades against, and the rendering."""

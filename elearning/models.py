"""E-learning modules, lessons and knowledge checks arrive with the e-learning issue."""

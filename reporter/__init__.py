"""reporter: the Ofsted school monitoring letter, from one judgement input file."""

__version__ = "0.1.0"

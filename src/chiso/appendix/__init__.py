"""Past appendices in: the tables of a Word, Excel, PDF, HTML or text report read back into values."""

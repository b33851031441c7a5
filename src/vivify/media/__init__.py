"""Media I/O at the edge: encoding clips and reading them back."""

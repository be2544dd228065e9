"""Badge printing at the venue: print stations, print jobs over IPP and self check-in kiosks."""

"""The public face: the landing page, the archive of editions, certificate checks, fonts and identity images."""

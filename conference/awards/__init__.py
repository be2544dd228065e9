"""Awards: the public page, nominations and certificates (views), the organizers' console and
the jury's scoring pages."""

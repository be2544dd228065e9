"""The call for experiences: the public call, submitters' and presenters' pages and the library
(views), the organizers' console and the programme committee's review pages."""

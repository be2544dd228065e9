"""Feedback: the session ratings and the post-forum survey, and their results."""

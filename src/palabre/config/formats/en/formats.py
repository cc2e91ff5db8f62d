"""English dates and times: Django writes "8:26 p.m.", whose own full stop doubles the one
of every sentence that ends on a time ("recorded on Dec. 7, 2026, 8:26 p.m.."). "8:26 PM"
reads as well and ends a sentence cleanly."""

TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "N j, Y, g:i A"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"

"""The feature packages, in the order the app registers them."""

# Each package's __init__ exposes `bp`, its blueprint (with the area's console nested in it).
FEATURES = (
    "public",
    "accounts",
    "admin",
    "registration",
    "badges",
    "checkin",
    "agenda",
    "awards",
    "experiences",
    "feedback",
    "jobs",
    "printing",
)

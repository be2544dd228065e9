"""The feature packages, in the order the app registers them."""

# Each package's views.py defines `bp`, its blueprint, with the area's staff blueprints nested in it.
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

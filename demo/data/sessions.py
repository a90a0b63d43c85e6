"""The demo venues and the words on demo sessions, as literal data; ``demo.sessions`` lays out
the dates and loads them.

Venues are invented but sit in real Cumbrian towns, one or more in each of the six areas plus
an online room.
"""

from datetime import time

from bookings.choices import Area

VENUES = [
    (
        "Citadel Learning Centre",
        "14 Botchergate\nCarlisle",
        "CA1 1QS",
        Area.CARLISLE,
        "Step-free entrance from Botchergate; lift to all floors; hearing loop in the main room.",
        "No parking on site. Pay and display at the Devonshire Walk car park, 5 minutes' walk.",
    ),
    (
        "Harraby Community Hub",
        "Edgehill Road\nHarraby\nCarlisle",
        "CA1 3SL",
        Area.CARLISLE,
        "All on the ground floor; accessible toilet.",
        "Free car park beside the building.",
    ),
    (
        "Solway Coast Training Rooms",
        "Oxford Street\nWorkington",
        "CA14 2AH",
        Area.ALLERDALE,
        "Lift to the first-floor training rooms.",
        "Free parking at the rear, 20 spaces.",
    ),
    (
        "Derwent House",
        "Main Street\nCockermouth",
        "CA13 9LE",
        Area.ALLERDALE,
        "Ground-floor rooms with level access.",
        "Town-centre pay and display nearby.",
    ),
    (
        "Harbourside Conference Rooms",
        "Lowther Street\nWhitehaven",
        "CA28 7DG",
        Area.COPELAND,
        "Step-free access; hearing loop; accessible toilet on each floor.",
        "Pay and display on the harbour.",
    ),
    (
        "Fellgate Centre",
        "Middlegate\nPenrith",
        "CA11 7PT",
        Area.EDEN,
        "Ramp at the side entrance; accessible toilet.",
        "Limited parking; the Bluebell Lane car park is close.",
    ),
    (
        "Kentmere Rooms",
        "Stricklandgate\nKendal",
        "LA9 4PU",
        Area.SOUTH_LAKELAND,
        "Lift to the second floor; quiet room available on request.",
        "Use the Westmorland Shopping Centre car park.",
    ),
    (
        "Furness Learning Hub",
        "Duke Street\nBarrow-in-Furness",
        "LA14 1HP",
        Area.BARROW,
        "Level access throughout; hearing loop.",
        "Free parking on site.",
    ),
    (
        "Online classroom",
        "Microsoft Teams",
        "",
        Area.ONLINE,
        "Live captions are switched on. Tell us if you need a break-out room for an interpreter.",
        "",
    ),
]
ONLINE_NOTE = "The joining link is sent with your booking confirmation and again the day before."

# Half-day sessions alternate morning and afternoon; full days run 9:30am to 4pm.
HALF_DAY_TIMES = [(time(9, 30), time(12, 30)), (time(13, 30), time(16, 30))]
FULL_DAY_TIMES = (time(9, 30), time(16, 0))

TRAINERS = ["Alison Graham", "Dr Ruth Moffat", "Steve Irving and Kath Dixon"]
ONLINE_DELEGATE_NOTES = "Join five minutes early to test your sound and camera. Please have your camera on if you can."
VENUE_DELEGATE_NOTES = "Refreshments are provided. Please bring a copy of the Partnership's CSE screening tool."

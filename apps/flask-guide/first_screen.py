# Not in the guide: lets the harness start this app with each first screen an SDK can ask
# Logto for. LOGTO_FIRST_SCREEN: register (interactionMode signUp), sign_in (signIn), or
# identifier:sign_in / identifier:register (firstScreen, with LOGTO_IDENTIFIERS, e.g.
# "email,username"). Unset, the app is exactly the guide's.
import os

from logto.models.oidc import FirstScreen, Identifier

MODES = {"sign_in": "signIn", "register": "signUp"}


def sign_in_options() -> dict:
    screen = os.environ.get("LOGTO_FIRST_SCREEN", "")
    if not screen:
        return {}
    if screen in MODES:
        return {"interactionMode": MODES[screen]}
    identifiers = [Identifier(i) for i in os.environ.get("LOGTO_IDENTIFIERS", "email").split(",") if i]
    return {"firstScreen": FirstScreen(screen), "identifiers": identifiers}

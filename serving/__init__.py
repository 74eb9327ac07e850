"""How the app is served, beside it rather than in the domain core (`analytics/`): `serve`
starts `between_sessions/server.py` (on this machine only unless asked), and `phone` pairs the
person's own phone (secret, certificate, paired devices, the constant-time check).
"""

"""Photos: image files (checked, normalised, thumbnailed), object names, styles, rooms.

Pure code on Pillow, free of HTTP, database and storage: the services in
``common.services.photo*`` use it to accept uploads and to store redesigns.
"""

"""The map view (issue 14): the case's places on an offline basemap, and the place picker.

``view.MapView`` is registered as kind ``map`` (``ui/views.py``); ``picker.PlacePicker`` is
the "Locate…" dialog of the map's panel and of the card view.
"""

"""Geography without Qt and without network: the shipped basemap, projections, the gazetteer.

``basemap`` (Natural Earth countries, cut at the antimeridian), ``projection`` (lon/lat ↔ the
map's plane) and ``gazetteer`` (GeoNames places by name) are what the map view, the place
picker and the report's map figure ask; none of them opens a file outside the installation.
"""

"""The link chart: cards as nodes, relationships as links, the evidence on every link.

``view.ChartView`` is the tab (registered as kind "chart" in ``ui/views.py``); ``scene``
turns the case's network (``core.graph``) and a saved ``ChartState`` into items
(``node_item``, ``link_item``, ``group_item``, drawn as ``style`` says); ``canvas`` is the
QGraphicsView (zoom, keys, drag-to-relate, drops) with its ``minimap``; ``panel`` the side
panel (a link's evidence through ``evidence_model``); ``toolbar`` the actions and menus;
``layout_job`` and ``arranger`` the layouts on the task runner; ``export`` PNG and SVG;
``chooser`` View → Link chart, "Show on chart" and ``--show chart``.
"""

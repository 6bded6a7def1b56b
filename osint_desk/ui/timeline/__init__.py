"""The timeline view (issue 14): every dated thing of the case in lanes along a zoomable
time axis, partial dates drawn as the intervals they are.

``view.TimelineView`` is the tab (kind ``timeline``, registered in ``ui/views.py``) and
``loader`` its reads on the task runner; ``lanes`` arranges a ``core.timeline.Timeline`` for
drawing (no Qt), ``axis`` chooses the ticks; ``painter`` draws one picture (the canvas and
the exports) of a ``frame.Frame``, with the items' ``marks``; ``canvas`` is the widget,
``panel`` / ``toolbar`` / ``lane_model`` the controls, ``text`` the tooltips and details,
``date_dialog`` sets an excerpt's event date, ``export`` writes PNG and SVG.
"""

"""The official flowchart: geometry, DrawingML shapes, the printed SOP document."""

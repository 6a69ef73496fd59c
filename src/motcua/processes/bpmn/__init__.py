"""BPMN 2.0 files of internal processes: read, check, normalise, generate and draw them.

Nothing here touches the database: XML text in, dataclasses or XML/SVG text out.
"""

"""The bottom layer: typed, frozen models of rubrics, inputs and results; errors; expressions; the metric catalogue."""

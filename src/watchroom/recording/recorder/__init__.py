"""The recorder process (`watchroom recorder`): pulls each camera's stream and writes
segments. It touches the catalogue only through `recording.services`.

- process: the Recorder (a thread per camera, a pool of sealers, the gap clock);
- sources: opening a stream (protocols allowed, deadlines, causes of failure);
- segmenter: cutting a stream into fragmented-MP4 files in .incoming;
- sealing, fragments: checking and hashing a finished file in one read;
- locking: one recorder per recordings folder and per node;
- salvage: what a killed recorder left in .incoming;
- testcameras: the demo's test-pattern cameras.
"""

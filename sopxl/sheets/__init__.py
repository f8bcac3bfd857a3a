"""Sheet values <-> the model: Identitas, Aktivitas, Kalender, Log and Pelacak rows; no I/O."""

"""SOP documents (text exports, Word, Excel, JSON) turned into the model."""

"""The read model in Redis: the writer the consumer group drives, and the queries the API answers with."""

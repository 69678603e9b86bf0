"""The submission service: Members send files and read their reports over HTTP, RILO analysts see their
region, the Secretariat everything. It sits above the store and the batch of `cen ingest`, owns the store
while it runs and stores every upload through one writer queue."""

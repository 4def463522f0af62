"""The REST gateway: checks who is asking and fans calls out to the services over gRPC."""

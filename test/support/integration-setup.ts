// Integration and end-to-end tests start real servers: hooks and tests get two minutes.
jest.setTimeout(120_000);

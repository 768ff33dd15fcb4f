// A fresh, real (in-memory) IndexedDB for every test file: storage is an edge we fake, never our own store.
import 'fake-indexeddb/auto';

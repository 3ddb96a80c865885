Content-Length: 58

{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}Content-Length: 288

{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.okr","languageId":"okr","version":1,"text":"use std.product\ncycle 2026-Q3\nteam a \"A\"\nobjective o \"Make it sticky\" {\n  kr w : weekly_active_users from 10 to 20\n  kr \"Launch x\"\n}\n"}}}Content-Length: 233

{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.okr","version":2},"contentChanges":[{"range":{"start":{"line":5,"character":6},"end":{"line":5,"character":12}},"text":"Ship ü 😀"}]}}Content-Length: 147

{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///w/a.okr"},"position":{"line":4,"character":9}}}Content-Length: 102

{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///w/a.okr"}}}Content-Length: 48

{"jsonrpc":"2.0","id":3,"method":"okrc/unknown"}Content-Length: 46

{"jsonrpc":"2.0","id":[1],"method":"shutdown"}Content-Length: twelve

{}Content-Length: 44

{"jsonrpc":"2.0","id":4,"method":"shutdown"}Content-Length: 33

{"jsonrpc":"2.0","method":"exit"}
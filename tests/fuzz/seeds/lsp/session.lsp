Content-Length: 92

{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}Content-Length: 52

{"jsonrpc":"2.0","method":"initialized","params":{}}Content-Length: 3071

{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/growth.okr","languageId":"okr","version":1,"text":"// Growth team, 2026-Q3.\n//\n// The self-serve funnel: from sign-up to a paying workspace. This quarter\n// the team bets on onboarding (most trials never connect a data source),\n// tests what self-serve buyers will pay for, and keeps acquisition spend\n// in bounds while it does.\n\nteam growth \"Growth\" owner \"Dana Lee\"\ncycle 2026-Q3\n\nuse std.product\nuse std.growth\n\n// Activation, as this team measures it: connecting a data source is the\n// step most trials never take, and the best early sign of a paying account.\nmetric data_source_connect_rate \"Share of new workspaces that connect a data source within 3 days of sign-up\"                 : percent increasing\nmetric first_dashboard_shared_rate \"Share of new workspaces where at least two teammates view the same dashboard in week one\" : percent increasing\n\n// Onboarding is the team's big bet: new workspaces should see their own\n// data in Acme before they lose interest.\naspirational objective onboarding \"New customers see their own data come alive in Acme within minutes\" {\n  owner \"Dana Lee\"\n  aligns company.self_serve\n  expect 0.7\n  kr activation \"Raise Day-7 activation from 22% to 35%\" : d7_activation from 22% to 35%\n  kr connect \"Grow the share of new workspaces that connect a data source within three days from 38% to 55%\" : data_source_connect_rate from 38% to 55%\n  kr ttv \"Cut median time to first value from 3 days to under 1 day\" : time_to_first_value from 3d to 1d\n  kr sharing \"Double the share of new workspaces where teammates look at the same dashboard\" : first_dashboard_shared_rate from 9% to 18%\n  // A faster onboarding must not hide the hard parts: watch first-week\n  // support load and whether the new accounts stay.\n  counter first_week_ticket_rate at most 12\n  counter d30_retention no worse than baseline\n}\n\n// Pricing is a question, not a target yet: each hypothesis is graded\n// confirmed, refuted or inconclusive from the pricing-page tests.\nlearning objective pricing \"Understand what self-serve buyers value enough to pay for\" {\n  owner \"Sam Okafor\"\n  aligns company.self_serve\n  hypothesis annual \"An annual plan with two months free lifts trial-to-paid conversion\" : trial_to_paid from 11% to 13%\n  hypothesis usage_tiers \"Usage-based tiers raise average revenue per new account\" : arpa from 310 to 360\n  hypothesis starter \"A cheaper starter tier does not raise early cancellations\" : mrr_churn_rate at most 2.5%\n}\n\n// Paid acquisition is a lever, not a growth strategy: keep it efficient\n// while the onboarding bet plays out.\ncommitted objective efficient_acquisition \"Every dollar we spend on acquisition earns its way back\" {\n  owner \"Dana Lee\"\n  expect 1.0\n  kr cac_cap \"Keep blended customer acquisition cost at most $1,150\" : cac at most 1150\n  kr payback \"Keep CAC payback under 13 months (56 weeks)\" : payback_period at most 56w\n}\n"}}}Content-Length: 149

{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/growth.okr"},"position":{"line":24,"character":62}}}Content-Length: 154

{"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":"file:///w/growth.okr"},"position":{"line":24,"character":62}}}Content-Length: 120

{"jsonrpc":"2.0","id":4,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///w/growth.okr"}}}Content-Length: 154

{"jsonrpc":"2.0","id":5,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///w/growth.okr"},"position":{"line":24,"character":60}}}Content-Length: 160

{"jsonrpc":"2.0","id":6,"method":"textDocument/formatting","params":{"textDocument":{"uri":"file:///w/growth.okr"},"options":{"tabSize":2,"insertSpaces":true}}}Content-Length: 226

{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/growth.okr","version":2},"contentChanges":[{"text":"team growth\ncycle 2026-Q3\nobjective o \"x\" {\n  kr a : nope at least 3\n"}]}}Content-Length: 148

{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/growth.okr"},"position":{"line":3,"character":10}}}Content-Length: 8

not jsonContent-Length: 44

{"jsonrpc":"2.0","id":8,"method":"shutdown"}Content-Length: 33

{"jsonrpc":"2.0","method":"exit"}
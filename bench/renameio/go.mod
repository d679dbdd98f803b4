module github.com/seed011b361c/mkstemp/bench/renameio

go 1.26.0

require github.com/seed011b361c/mkstemp v0.0.0

require (
	github.com/google/renameio/v2 v2.0.2
	golang.org/x/sys v0.50.0 // indirect
)

replace github.com/seed011b361c/mkstemp => ../..

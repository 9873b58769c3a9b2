module github.com/kg-dev/kg

go 1.26.8

// Command trivy-db-builder writes a bbolt database from a list of puts.
//
// Usage: trivy-db-builder <spec.json> <out/trivy.db>
//
// The spec is {"puts":[{"buckets":["root","nested"],"key":"k","value":<any JSON>}]}.
// Each value is stored as its compact JSON bytes under key, inside the nested
// bucket path (buckets are created as needed). The Trivy bucket layout is
// decided by the caller (test/fakes/trivy-db.ts); this program only writes.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

type put struct {
	Buckets []string        `json:"buckets"`
	Key     string          `json:"key"`
	Value   json.RawMessage `json:"value"`
}

type spec struct {
	Puts []put `json:"puts"`
}

func run(specPath, dbPath string) error {
	raw, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	var s spec
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("parse spec: %w", err)
	}
	db, err := bolt.Open(dbPath, 0o644, nil)
	if err != nil {
		return fmt.Errorf("open %s: %w", dbPath, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for i, p := range s.Puts {
			if len(p.Buckets) == 0 {
				return fmt.Errorf("put %d: no bucket", i)
			}
			b, err := tx.CreateBucketIfNotExists([]byte(p.Buckets[0]))
			if err != nil {
				return fmt.Errorf("put %d: bucket %q: %w", i, p.Buckets[0], err)
			}
			for _, name := range p.Buckets[1:] {
				if b, err = b.CreateBucketIfNotExists([]byte(name)); err != nil {
					return fmt.Errorf("put %d: bucket %q: %w", i, name, err)
				}
			}
			var value bytes.Buffer
			if err := json.Compact(&value, p.Value); err != nil {
				return fmt.Errorf("put %d: value: %w", i, err)
			}
			if err := b.Put([]byte(p.Key), value.Bytes()); err != nil {
				return fmt.Errorf("put %d: %w", i, err)
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: trivy-db-builder <spec.json> <trivy.db>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "trivy-db-builder:", err)
		os.Exit(1)
	}
}

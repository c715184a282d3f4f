// compose-check validates compose files the way `docker compose config` does, with no
// Docker engine or compose client installed: it runs compose-go, the Compose
// Specification's reference loader (the one Docker Compose itself is built on), which
// checks the file against the specification's JSON schema and then the project's
// consistency (depends_on, networks and volumes that exist). The shipped compose-go
// command loads the raw model only and skips the consistency step, hence this file.
// Warnings (an obsolete `version:`, an unset variable) fail the check too, so the file
// stays clean rather than merely loadable.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/sirupsen/logrus"
)

type warningCounter struct{ count int }

func (w *warningCounter) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (w *warningCounter) Fire(*logrus.Entry) error {
	w.count++
	return nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check COMPOSE_FILE [OVERRIDE_FILE...]")
		os.Exit(2)
	}
	warnings := &warningCounter{}
	logrus.AddHook(warnings)

	wd, err := os.Getwd()
	if err != nil {
		fail(err)
	}
	// No OS environment: the verdict must not depend on the shell that runs the check.
	options, err := cli.NewProjectOptions(os.Args[1:],
		cli.WithWorkingDirectory(wd),
		cli.WithName("compose-check"),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	if warnings.count > 0 {
		fail(fmt.Errorf("%d warning(s) above", warnings.count))
	}
	fmt.Printf("compose file valid: %d services\n", len(project.Services))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose check: %v\n", err)
	os.Exit(1)
}

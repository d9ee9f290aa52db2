// Command demo-site serves the demo news site of scripts/demo-site/news on
// loopback, for the screenshots of stories followed from an article folder
// (scripts/screenshots.sh). It prints the address it listens on.
//
//	go run ./scripts/demo-site [-addr 127.0.0.1:0] [-dir FOLDER]
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (loopback)")
	dir := flag.String("dir", "", "folder of the pages (default: news beside this source file)")
	flag.Parse()
	if *dir == "" {
		_, file, _, _ := runtime.Caller(0)
		*dir = filepath.Join(filepath.Dir(file), "news")
	}
	if _, err := os.Stat(*dir); err != nil {
		log.Fatalf("demo-site: %v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("demo-site: %v", err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	http.Handle("/news/", http.StripPrefix("/news/", http.FileServer(http.Dir(*dir))))
	log.Fatal(http.Serve(ln, nil))
}

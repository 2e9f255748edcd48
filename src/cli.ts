console.log("reader");

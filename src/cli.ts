console.log("reader")
